"""Who changed what and why, for every write path (admin, API, management commands).

django-simple-history takes the author from the request it keeps in a context variable
(HistoryRequestMiddleware) and the reason from `instance._change_reason`. Inline rows,
m2m changes and bulk imports never see that attribute, so the reason also rides on the
context: `recording()` sets both for a whole block of writes, and the receiver below fills
every historical row created inside it. API clients give a reason with the
`X-Change-Reason` header. Nothing here takes a request: the admin puts its editor's reason on
the request simple-history keeps (editing/admin_base.py), and current_reason() reads that
context, which is how simple-history hands the author to every write path.
"""

from __future__ import annotations

from contextlib import contextmanager
from types import ModuleType, SimpleNamespace

from django.contrib.auth.models import AnonymousUser
from simple_history.manager import HistoryManager
from simple_history.models import HistoricalChanges, HistoricalRecords

REASON_MAX_LENGTH = 100  # simple-history's history_change_reason is a CharField(100)
REASON_ATTRIBUTE = "pmroles_change_reason"
REASON_HEADER = "X-Change-Reason"


def clip_reason(reason: str | None) -> str:
    reason = " ".join((reason or "").split())
    if len(reason) > REASON_MAX_LENGTH:
        reason = reason[: REASON_MAX_LENGTH - 1] + "…"
    return reason


def current_reason() -> str:
    request = getattr(HistoricalRecords.context, "request", None)
    if request is None:
        return ""
    reason = getattr(request, REASON_ATTRIBUTE, "")
    if not reason:
        headers = getattr(request, "headers", None)
        if headers is not None:
            reason = clip_reason(headers.get(REASON_HEADER, ""))
    return reason


@contextmanager
def recording(*, user=None, reason: str = ""):
    """Attribute every historical row written in this block to `user`, with `reason`."""
    context = HistoricalRecords.context
    had_request = hasattr(context, "request")
    previous = getattr(context, "request", None)
    context.request = SimpleNamespace(
        user=user if user is not None else _anonymous(),
        **{REASON_ATTRIBUTE: clip_reason(reason)},
    )
    try:
        yield
    finally:
        if had_request:
            context.request = previous
        else:
            del context.request


class _HistoryManager(HistoryManager):
    """simple-history's manager, its class built once per queryset class.

    simple-history's descriptor builds a new manager class on every `instance.history` (and
    `Model.history`): Manager.from_queryset, which walks the queryset's members with
    inspect.getmembers, about 0.3 ms. Every write reads it to make its historical row, so
    that was a fifth of what a historical row cost. The class it builds is the same each
    time, so it is kept.
    """

    _built: dict[tuple[type, type, str | None], type] = {}

    @classmethod
    def from_queryset(cls, queryset_class, class_name=None):
        key = (cls, queryset_class, class_name)
        built = cls._built.get(key)
        if built is None:
            built = cls._built[key] = super().from_queryset(queryset_class, class_name)
        return built


class RecordedHistory(HistoricalRecords):
    """HistoricalRecords as every model here declares it (`history = RecordedHistory(...)`).

    Two costs of simple-history's own that bought nothing are left out, and what is recorded
    is the same:
    - the manager class is built once (_HistoryManager);
    - a row just added (history type "+") has no many-to-many rows yet, since they need its
      id, so its tracked many-to-many fields are not read: that was one query a field for
      every object created. Many-to-many rows added later are recorded, as before, by the
      "~" row simple-history writes when they change (m2m_changed).
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("history_manager", _HistoryManager)
        super().__init__(*args, **kwargs)

    def create_historical_record_m2ms(self, history_instance, instance):
        if history_instance.history_type == "+":
            return
        super().create_historical_record_m2ms(history_instance, instance)


def _anonymous():
    return AnonymousUser()


def fill_change_reason(sender, history_instance, **kwargs) -> None:
    """pre_create_historical_record receiver: a row's own reason wins over the context's."""
    if not history_instance.history_change_reason:
        reason = current_reason()
        if reason:
            history_instance.history_change_reason = reason


def keep_history_models_in(package: ModuleType, *modules: ModuleType) -> None:
    """Make the historical models of a models package's `modules` members of `package`.

    django-simple-history puts a historical model (HistoricalRole, HistoricalRole_quotes) in
    the module of its model, but names the app package ("roles") as its module when that is
    not <app>.models, where nothing can import it: `manage.py shell`, which imports every
    model by module and name, then lists them all as errors. A models package split into
    modules calls this after its imports, so HistoricalRole is roles.models.HistoricalRole,
    as it was when the models were one module.
    """
    for module in modules:
        for name, value in list(vars(module).items()):
            historical = isinstance(value, type) and issubclass(value, HistoricalChanges)
            if historical and value.__name__ == name:
                value.__module__ = package.__name__
                setattr(package, name, value)
