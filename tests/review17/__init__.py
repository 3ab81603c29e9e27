"""Review of int17 (issue 17): failing tests for the defects found."""
