import numpy as np

def travel_matrix(
    kind: str,
    a: np.ndarray,
    b: np.ndarray,
    n_rows: int,
    detour_factor: float,
    speed: float,
    durations: bool,
    out: np.ndarray,
) -> None: ...
def knn(
    kind: str, a: np.ndarray, b: np.ndarray, k: int, threads: int, first: int, out: np.ndarray
) -> None: ...
def travel_pairs(
    kind: str,
    a: np.ndarray,
    b: np.ndarray,
    n_pairs: int,
    detour_factor: float,
    speed: float,
    durations: bool,
    out: np.ndarray,
) -> None: ...
