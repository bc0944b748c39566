"""External translation cost: billing units, contract prices, the ledger and the yearly figures."""
