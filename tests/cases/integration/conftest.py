"""The real worker fixtures of the notifications' integration tests."""

from tests.notifications.integration.conftest import (  # noqa: F401 - fixtures
    celery,
    celery_env,
    pytest_runtest_makereport,
)
