"""Partner organisations outside the caisses (the SANDIA first) that consult the body's experts."""
