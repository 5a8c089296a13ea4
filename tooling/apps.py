from django.apps import AppConfig


class ToolingConfig(AppConfig):
    """The demo data, the scale data generator and the benchmark, with their management commands
    (`load_demo`, `generate_scale_data`, `bench`). Installed after the domain apps, which never
    import it; it has no models."""

    name = "tooling"
