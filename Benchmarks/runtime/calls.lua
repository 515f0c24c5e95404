-- 100k calls of a small function.
local n = tonumber(arg[1]) or 100000
local function add(x, y) return x + y end
local sum = 0
for i = 0, n - 1 do sum = add(sum, i) end
print(sum)
