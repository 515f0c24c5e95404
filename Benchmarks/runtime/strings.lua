-- 100k string appends. Lua strings are immutable and `s = s .. x` copies the whole string
-- (quadratic: about 5 s here), so this uses Lua's idiom for it, a buffer and table.concat.
local n = tonumber(arg[1]) or 100000
local buf = {}
for i = 0, n - 1 do buf[#buf + 1] = i .. "," end
local s = table.concat(buf)
print(#s .. " " .. s:sub(-8))
