# The real Redis, SMTP server and worker processes of the fault tests, for every test here.
from tests.integration.test_mail_faults import redis, smtp, workers  # noqa: F401
