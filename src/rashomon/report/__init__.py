"""The static HTML report and the pages the local web app serves."""
