"""Text: templating (sandboxed Jinja2), the format's markup, money and dates, the fixed phrases."""
