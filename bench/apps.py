from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark data generator (`manage.py generate_bench_data`); not part of the production package."""

    name = "bench"
    verbose_name = "Benchmarks"
