def register_part():
    pass
