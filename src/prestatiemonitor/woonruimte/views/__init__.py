"""Pages of the beschikbaarheidsmonitor, mounted under /afspraken/<kader>/beschikbaarheid/
(woonruimte/urls.py). ``aanleveren``: delivering files, the deliveries, the exports;
``toewijzingen``: the drill-down list of lettings."""
