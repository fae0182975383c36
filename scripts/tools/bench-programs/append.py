xs = []
for i in range(200000):
    xs += [i]
print(len(xs))
