"""Runs a command and writes "wall user sys maxrss_kib" for it to the file named first.

    python3 measure.py OUTFILE CMD [ARGS...]

Like GNU time's "%e %U %S %M", but with microsecond CPU times from the kernel's rusage
(GNU time rounds them to 10 ms, too coarse for a client that uses well under 100 ms).
The command's exit status is passed on.
"""
import os
import resource
import subprocess
import sys
import time

out, cmd = sys.argv[1], sys.argv[2:]
# Children reaped before this one (a launcher such as a pyenv shim runs some) count too.
before = resource.getrusage(resource.RUSAGE_CHILDREN)
start = time.monotonic()
status = subprocess.call(cmd)
wall = time.monotonic() - start
after = resource.getrusage(resource.RUSAGE_CHILDREN)
user, system = after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime
# ru_maxrss of children is the largest of any child: ours, as the earlier ones are small.
with open(out, "w") as f:
    f.write(f"{wall:.3f} {user:.4f} {system:.4f} {after.ru_maxrss}\n")
sys.exit(status)
