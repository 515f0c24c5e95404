-- `a[#a + 1] = i` in a loop: run at N and 2N; linear time means about twice as long.
local n = tonumber(arg[1]) or 100000
local a = {}
for i = 0, n - 1 do a[#a + 1] = i end
print(#a .. " " .. a[#a])
