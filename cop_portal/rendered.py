"""Rendered text: a Markdown field keeps its source, its HTML and the renderer version that
made the HTML together, and only this module fills the last two.

A model declares the three fields once:

    body, body_html, body_renderer_version = markdown_fields(_("message"), max_length=20_000)

(the names must be `<name>`, `<name>_html`, `<name>_renderer_version`; a system check says so).
A service writes through `render_into(post, "body", source)`, never pairing `body` and
`body_html` by hand; `manage.py rerender` finds every such field with `apps.get_models()`
and brings rows rendered by an older `RENDERER_VERSION` up to date.

A field whose text links mentions names a function (dotted path, so this module imports no
app) that maps a source to `{"@Name": url}`; the renderer draws those links.
"""

from django.core import checks
from django.db import models
from django.utils.module_loading import import_string

from cop_portal.markdown import RENDERER_VERSION, render_markdown


class MarkdownField(models.TextField):
    """The source of a rendered text; its HTML and version sit beside it."""

    def __init__(self, *args, mentions: str = "", limit: int | None = None, **kwargs):
        self.mentions = mentions
        # The renderer's length bound for this text when it is longer than posts' (meeting
        # notes); beyond it, or beyond the posts' bound without one, text is plain.
        self.limit = limit
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.mentions:
            kwargs["mentions"] = self.mentions
        if self.limit:
            kwargs["limit"] = self.limit
        return name, path, args, kwargs

    @property
    def html_name(self) -> str:
        return f"{self.name}_html"

    @property
    def version_name(self) -> str:
        return f"{self.name}_renderer_version"

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        names = {f.name for f in self.model._meta.get_fields()}
        for companion in (self.html_name, self.version_name):
            if companion not in names:
                errors.append(
                    checks.Error(
                        f"{self.model.__name__}.{self.name} is a MarkdownField without "
                        f"{companion}: declare the three with markdown_fields().",
                        obj=self,
                        id="cop_portal.E001",
                    )
                )
        return errors

    def render(self, source: str, mentions: dict[str, str] | None = None) -> str:
        if mentions is None and self.mentions and source:
            mentions = import_string(self.mentions)(source)
        return render_markdown(source, mentions=mentions, max_length=self.limit)


def markdown_fields(verbose_name, *, mentions: str = "", limit: int | None = None, **options):
    """The source, HTML and renderer-version fields of one Markdown text; `limit` raises the
    renderer's length bound for this text (see cop_portal.markdown)."""
    return (
        MarkdownField(verbose_name, mentions=mentions, limit=limit, **options),
        models.TextField(editable=False, blank=True, default=""),
        models.PositiveSmallIntegerField(editable=False, default=0),
    )


def markdown_field(model_or_instance, name: str) -> MarkdownField:
    field = model_or_instance._meta.get_field(name)
    if not isinstance(field, MarkdownField):
        raise TypeError(f"{field} is not a MarkdownField")
    return field


def render_into(
    instance: models.Model, name: str, source: str, *, mentions: dict[str, str] | None = None
) -> list[str]:
    """Set the source, its HTML and the renderer version on `instance` (not saved);
    return the three field names for `save(update_fields=...)`."""
    field = markdown_field(instance, name)
    setattr(instance, name, source)
    setattr(instance, field.html_name, field.render(source, mentions))
    setattr(instance, field.version_name, RENDERER_VERSION)
    return [name, field.html_name, field.version_name]


def rendered_values(
    model: type[models.Model], name: str, source: str, *, mentions: dict[str, str] | None = None
) -> dict:
    """The three values as keyword arguments, for `create(**...)` or `get_or_create`
    defaults where there is no instance yet."""
    field = markdown_field(model, name)
    return {
        name: source,
        field.html_name: field.render(source, mentions),
        field.version_name: RENDERER_VERSION,
    }


def markdown_fields_by_model(models_: list[type[models.Model]]):
    """(model, [MarkdownField, ...]) for each concrete model that has any."""
    for model in models_:
        if model._meta.abstract or model._meta.proxy:
            continue
        fields = [f for f in model._meta.concrete_fields if isinstance(f, MarkdownField)]
        if fields:
            yield model, fields
