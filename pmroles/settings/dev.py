"""Local development: DEBUG on and a throwaway key, never used in production."""

from .base import *  # noqa: F403
from .env import envbool, envstr

DEBUG = envbool("DEBUG", True)
SECRET_KEY = envstr("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
