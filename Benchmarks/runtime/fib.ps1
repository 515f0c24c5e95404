# Recursive Fibonacci: fib(27) is 832,039 calls.
param([int]$n = 27)
function fib($n) {
    if ($n -lt 2) { return $n }
    (fib ($n - 1)) + (fib ($n - 2))
}
fib $n
