"""The exact assignment MIP with HiGHS (optional: ``pip install "lastleg[mip]"``)."""

from lastleg.assignment.mip.model import MipModel, build_model
from lastleg.assignment.mip.solve import MipResult, highs_version, solve_mip

__all__ = ["MipModel", "MipResult", "build_model", "highs_version", "solve_mip"]
