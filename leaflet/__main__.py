"""python -m leaflet"""

from .cli import run

run()
