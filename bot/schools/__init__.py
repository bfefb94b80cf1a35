"""School search: the programs file (``programs``), the CSV tables (``tables``), the costs table
(``costs``), the values searches return (``results``), their SQL (``sql``) and the catalogue that
runs them (``catalogue``)."""
