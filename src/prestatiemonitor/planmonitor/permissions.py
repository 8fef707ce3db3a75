"""The planmonitor applied to the capability table (organisaties/permissions.py).

Who sees what:
- parties of the kader (``monitor.lezen``, every role) see the live planmonitor: every project
  (also vertrouwelijke), mutation, open proposal, reactie, round and saved scenario;
- everyone else sees only published rounds, without the projects marked vertrouwelijk.

Who does what:
- ``plan.bewerken`` *on the owner*: a corporation edits its own projects and mutations;
- ``plan.beheren``: the gemeente edits every project (also market parties' and its own) and
  every mutation, records and publishes rounds, and decides on proposals;
- ``plan.voorstellen``: a party that may not edit a project proposes a change or reacts;
- ``norm.afwijken``: the gemeente's beheerder records a justified exception to a norm.
"""

from prestatiemonitor.organisaties.permissions import (
    PLAN_BEHEREN,
    PLAN_BEWERKEN,
    PLAN_VOORSTELLEN,
    has_capability,
)


def mag_project_bewerken(user, project) -> bool:
    if has_capability(user, PLAN_BEHEREN, kader=project.kader):
        return True
    return bool(
        project.eigenaar_id
        and has_capability(user, PLAN_BEWERKEN, kader=project.kader, organisatie=project.eigenaar)
    )


def mag_mutatie_bewerken(user, kader, corporatie) -> bool:
    return has_capability(user, PLAN_BEHEREN, kader=kader) or has_capability(
        user, PLAN_BEWERKEN, kader=kader, organisatie=corporatie
    )


def mag_voorstellen(user, project) -> bool:
    """A party that may not edit the project may propose a change or react on it."""
    return not mag_project_bewerken(user, project) and has_capability(
        user, PLAN_VOORSTELLEN, kader=project.kader
    )


def mag_plan_invoeren(user, kader) -> bool:
    """Whether the user edits anything in this kader's planmonitor (own or all)."""
    return has_capability(user, PLAN_BEHEREN, kader=kader) or has_capability(
        user, PLAN_BEWERKEN, kader=kader
    )
