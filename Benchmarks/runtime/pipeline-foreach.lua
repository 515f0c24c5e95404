-- The work of pipeline.lua with a plain for loop.
local n = tonumber(arg[1]) or 1000000
local count, sum = 0, 0
for i = 1, n do
  if i % 3 == 0 then
    local o = { Id = i, Double = i * 2 }
    count = count + 1; sum = sum + o.Double
  end
end
print(count .. " " .. sum)
