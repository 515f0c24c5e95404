-- 1M table inserts, then 1M lookups (keys offset so they go to the hash part, not the array part).
local n = tonumber(arg[1]) or 1000000
local h, count = {}, 0
for i = 0, n - 1 do h[-i - 1] = i; count = count + 1 end
local sum = 0
for i = 0, n - 1 do sum = sum + h[-i - 1] end
print(count .. " " .. sum)
