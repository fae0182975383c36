print("cce")
