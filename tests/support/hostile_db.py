"""Ways a workspace database gets damaged (a bad sector, a half-copied file, a stray
write): each is (name, damage(path)), so a new case costs one line."""
from __future__ import annotations

PAGE = 4096


def _overwrite(path, start: int, size: int, byte: bytes = b"\xde") -> None:
    with open(path, "r+b") as f:
        f.seek(start)
        f.write(byte * size)


def _truncate(path, fraction: float) -> None:
    size = path.stat().st_size
    with open(path, "r+b") as f:
        f.truncate(max(PAGE, int(size * fraction)) // PAGE * PAGE)


DB_DAMAGE = [
    ("page 3 garbled", lambda p: _overwrite(p, 2 * PAGE, PAGE)),
    ("header garbled", lambda p: _overwrite(p, 0, 100, b"x")),
    ("last pages garbled", lambda p: _overwrite(p, p.stat().st_size - 3 * PAGE, 2 * PAGE)),
    ("cut to half", lambda p: _truncate(p, 0.5)),
    ("page 2 zeroed", lambda p: _overwrite(p, PAGE, PAGE, b"\x00")),
]
