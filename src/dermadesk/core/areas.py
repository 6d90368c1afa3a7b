"""The areas a session can treat: the face map's regions and body areas, by id and by name.

Ids are stored with each area treated and name the regions of
resources/face_map.svg, so they never change; names are what people read.
Left and right are always the client's own.
"""

from __future__ import annotations

FACE_AREAS: dict[str, str] = {
    "forehead": "Forehead",
    "glabella": "Glabella (between the brows)",
    "periorbital_right": "Right eye area",
    "periorbital_left": "Left eye area",
    "nose": "Nose",
    "cheek_right": "Right cheek",
    "cheek_left": "Left cheek",
    "upper_lip": "Upper lip",
    "chin": "Chin",
    "jawline_right": "Right jawline",
    "jawline_left": "Left jawline",
    "neck": "Neck",
    "decolletage": "Décolletage",
}

BODY_AREAS: dict[str, str] = {
    "abdomen": "Abdomen",
    "thighs": "Thighs",
    "back": "Back",
    "arms": "Arms",
}

AREAS: dict[str, str] = {**FACE_AREAS, **BODY_AREAS}


def area_name(area: str) -> str:
    """The human name of area id `area` (the id itself if a newer version added it)."""
    return AREAS.get(area, area.replace("_", " ").capitalize())


def area_order(area: str) -> int:
    """Where `area` comes in the map's top-to-bottom order, for lists and sheets."""
    order = list(AREAS)
    return order.index(area) if area in AREAS else len(order)
