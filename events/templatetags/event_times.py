"""Times on event pages: in a named zone, with the zone labelled, never a bare clock time."""

import zoneinfo

from django import template
from django.utils import formats
from django.utils.html import format_html

register = template.Library()


def _zone(name):
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def utc_offset(moment) -> str:
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    sign = "+" if minutes >= 0 else "−"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


@register.simple_tag
def time_in_zone(moment, zone_name, style="DATETIME_FORMAT"):
    """`<time>` in the zone's wall-clock time, then the zone's name and UTC offset."""
    if moment is None:
        return ""
    local = moment.astimezone(_zone(zone_name))
    label = zone_name if zone_name and zone_name != "UTC" else "UTC"
    offset = utc_offset(local)
    zone = label if label == "UTC" else f"{label}, {offset}"
    return format_html(
        '<time datetime="{}">{}</time> <span class="event-zone">({})</span>',
        local.isoformat(),
        formats.date_format(local, style),
        zone,
    )


@register.simple_tag
def range_in_zone(start, end, zone_name):
    """From start to end in one zone: the end's clock time alone when it is the same day."""
    if start is None or end is None:
        return time_in_zone(start, zone_name)
    zone = _zone(zone_name)
    if start.astimezone(zone).date() == end.astimezone(zone).date():
        local = end.astimezone(zone)
        return format_html(
            '{} – <time datetime="{}">{}</time>',
            time_in_zone(start, zone_name),
            local.isoformat(),
            formats.time_format(local, "TIME_FORMAT"),
        )
    return format_html("{} – {}", time_in_zone(start, zone_name), time_in_zone(end, zone_name))
