"""DermaDesk's core: the data, the rules and the services. Never imports Qt."""
