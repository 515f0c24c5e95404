-- A counting loop: 10M iterations of `sum = sum + i`.
local n = tonumber(arg[1]) or 10000000
local sum = 0
for i = 0, n - 1 do sum = sum + i end
print(sum)
