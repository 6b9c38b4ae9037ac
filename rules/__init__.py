"""SHACL shapes and the validator that applies them (shapes as Turtle beside this module)."""
