-- `s = s .. "x"` in a loop: run at N and 2N. Lua strings are immutable, so this is the
-- quadratic reference (about 4x the time at 2N); the other programs should stay near 2x.
local n = tonumber(arg[1]) or 100000
local s = ""
for _ = 1, n do s = s .. "x" end
print(#s)
