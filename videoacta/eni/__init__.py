"""Filing the package as a Spanish administration does: the ENI document and expediente."""
