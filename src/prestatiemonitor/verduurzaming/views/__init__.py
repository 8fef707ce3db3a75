"""Views of the verduurzaming app: the overview page (``overzicht``) and delivery, drill-down
and export (``aanleveren``)."""
