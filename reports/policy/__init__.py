"""What each law would change (policy impact): every recorded decision's facts evaluated under
every rule set, stored (``evaluations``), recomputed in the background when the engine or the
catalogue changes (``recompute``), and counted for the page and the command (``impact``)."""
