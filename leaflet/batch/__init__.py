"""Many leaflets at once: content files x brand files x formats, in parallel processes or on a cluster.

One bad leaflet never stops the others. Each output lands at ``<out>/<brand>/<content>-<format>.pdf``
and a manifest (``<out>/manifest.json``) records the sha256 of every input it was built from (the
content, the brand, the brand's logo and font files) and of the PDF itself, so an unchanged leaflet
is skipped on the next run, as a build system would.

One module, one job, imported in this order (none imports one after it):

- ``plan``: the files named (globs, folders, a batch file), and the jobs: content x brand x format;
- ``cache``: what a process remembers between leaflets, bounded;
- ``build``: one job through the one pipeline (pipeline.Pipeline), within its time limit, and written;
- ``manifest``: what each PDF was built from, read as hostile input;
- ``cluster``: the jobs built on a Dask cluster (`--scheduler`);
- ``run``: a whole batch: the pool, the manifest, the progress and the summary.

    jobs = plan(expand(["content/"], "content"), [Path("brands/harbour.yaml")], ["a4", "letter"])
    summary = run(jobs, Path("output"))
"""

from __future__ import annotations

from .build import Result, build_job, store
from .cache import file_hash
from .manifest import MANIFEST, read_manifest, up_to_date, write_manifest
from .plan import Job, expand, load_batch_file, plan
from .run import Progress, Summary, default_jobs, run

__all__ = [
    "MANIFEST",
    "Job",
    "Progress",
    "Result",
    "Summary",
    "build_job",
    "default_jobs",
    "expand",
    "file_hash",
    "load_batch_file",
    "plan",
    "read_manifest",
    "run",
    "store",
    "up_to_date",
    "write_manifest",
]
