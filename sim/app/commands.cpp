// placeholder, replaced by the command implementations
