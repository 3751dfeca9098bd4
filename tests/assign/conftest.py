from __future__ import annotations

import sys
from pathlib import Path

# the helpers beside the tests (synthetic batches, MIP, recompute) import by name
sys.path.insert(0, str(Path(__file__).parent))
