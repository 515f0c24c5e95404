-- Filtering and projecting 1M items through chained iterators: every third number
-- becomes a table, and a last stage adds them up.
local n = tonumber(arg[1]) or 1000000
local function range(a, b)
  local i = a - 1
  return function() i = i + 1; if i <= b then return i end end
end
local function where(src, pred)
  return function()
    for x in src do if pred(x) then return x end end
  end
end
local function map(src, f)
  return function() local x = src(); if x ~= nil then return f(x) end end
end
local count, sum = 0, 0
for o in map(where(range(1, n), function(x) return x % 3 == 0 end),
             function(x) return { Id = x, Double = x * 2 } end) do
  count = count + 1; sum = sum + o.Double
end
print(count .. " " .. sum)
