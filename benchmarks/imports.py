"""What ``import mastodon`` costs beyond ``import requests``, in fresh interpreters.

Each run is ``python -X importtime -c "import requests; import mastodon"``; the cost is the
cumulative time of the top-level ``mastodon`` import in that report: everything the
package imports that ``requests`` had not (its own modules and the standard library
modules only it needs), measured inside one interpreter. That is steadier than the
difference of two timed interpreters, which carries two start-ups' noise. The bytecode is
written to a temporary cache by a first, unmeasured run, as an installed package has it
(this environment may set ``PYTHONDONTWRITEBYTECODE``; every run would compile then).
"""

import os
import statistics
import subprocess
import tempfile

SNIPPET = "import requests; import mastodon"


def mastodon_import_us(report: str) -> int:
    """The cumulative microseconds of the top-level ``mastodon`` line of an importtime report."""
    for line in report.splitlines():
        parts = line.split("|")
        # "import time: <self> | <cumulative> | <name>", the name indented by depth.
        if line.startswith("import time:") and len(parts) == 3 and parts[2] == " mastodon":
            return int(parts[1])
    raise ValueError("no top-level 'mastodon' import in the report:\n" + report[-2000:])


def import_cost(python, runs=11, cwd=None, env=None):
    """``(median, minimum)`` milliseconds of ``import mastodon`` beyond ``import requests``,
    over ``runs`` fresh interpreters ``python``, run in ``cwd`` with ``env`` added to the
    environment (a name given ``None`` is taken out of it)."""
    with tempfile.TemporaryDirectory(prefix="bench-pyc-") as cache:
        environment = {**os.environ, **(env or {}), "PYTHONPYCACHEPREFIX": cache}
        environment.pop("PYTHONDONTWRITEBYTECODE", None)
        for name in [name for name, value in environment.items() if value is None]:
            del environment[name]  # env's None: not set
        command = [python, "-X", "importtime", "-c", SNIPPET]
        samples = []
        for run in range(runs + 1):
            done = subprocess.run(command, cwd=cwd or cache, env=environment, capture_output=True,
                                  text=True, timeout=120)
            if done.returncode != 0:
                raise RuntimeError(done.stderr.strip().splitlines()[-1:] or ["failed"])
            if run:  # the first run writes the bytecode
                samples.append(mastodon_import_us(done.stderr) / 1000)
    return statistics.median(samples), min(samples)
