"""Load test: Locust users and the helpers they share with tests."""
