# Django's French formats, except that a date and a time read « 21 novembre 2026 à 03:07 »
# (Django's own omits the « à »). Everything not set here comes from Django's.
DATETIME_FORMAT = "j F Y à H:i"
SHORT_DATETIME_FORMAT = "d/m/Y à H:i"
