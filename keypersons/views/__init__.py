"""The director's workspace at /netwerk/, one module per concern. Every page that shows key persons,
signals or contact moments writes the access log; changes go through the services, which log them as well."""
