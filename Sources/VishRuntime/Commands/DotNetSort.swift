/// .NET's `List<T>.Sort` (ArraySortHelper's introspective sort), step for step. Sort-Object
/// sorts with it unless -Stable, -Top or -Bottom is given, and it is not stable: objects
/// that compare equal come out in the order this algorithm leaves them, which is what pwsh
/// prints. `compare` returns <0, 0 or >0 like an IComparer.
enum DotNetSort {
    static func sort<T>(_ items: inout [T], _ compare: (T, T) throws -> Int) rethrows {
        guard items.count > 1 else { return }
        let depthLimit = 2 * (Int.bitWidth - items.count.leadingZeroBitCount)
        try introSort(&items, 0, items.count, depthLimit, compare)
    }

    /// Sorts `items[lo..<lo+size]`.
    private static func introSort<T>(_ items: inout [T], _ lo: Int, _ size: Int, _ depth: Int,
                                     _ compare: (T, T) throws -> Int) rethrows {
        var partitionSize = size
        var depthLimit = depth
        while partitionSize > 1 {
            if partitionSize <= 16 {
                if partitionSize == 2 {
                    try swapIfGreater(&items, lo, lo + 1, compare)
                    return
                }
                if partitionSize == 3 {
                    try swapIfGreater(&items, lo, lo + 1, compare)
                    try swapIfGreater(&items, lo, lo + 2, compare)
                    try swapIfGreater(&items, lo + 1, lo + 2, compare)
                    return
                }
                try insertionSort(&items, lo, partitionSize, compare)
                return
            }
            if depthLimit == 0 {
                try heapSort(&items, lo, partitionSize, compare)
                return
            }
            depthLimit -= 1
            let p = try pickPivotAndPartition(&items, lo, partitionSize, compare)
            try introSort(&items, lo + p + 1, partitionSize - (p + 1), depthLimit, compare)
            partitionSize = p
        }
    }

    private static func swapIfGreater<T>(_ items: inout [T], _ i: Int, _ j: Int, _ compare: (T, T) throws -> Int) rethrows {
        if try compare(items[i], items[j]) > 0 { items.swapAt(i, j) }
    }

    /// Median of three as the pivot, then Hoare partitioning; returns the pivot's offset.
    private static func pickPivotAndPartition<T>(_ items: inout [T], _ lo: Int, _ size: Int,
                                                 _ compare: (T, T) throws -> Int) rethrows -> Int {
        let hi = size - 1
        let middle = hi >> 1
        try swapIfGreater(&items, lo, lo + middle, compare)
        try swapIfGreater(&items, lo, lo + hi, compare)
        try swapIfGreater(&items, lo + middle, lo + hi, compare)
        let pivot = items[lo + middle]
        items.swapAt(lo + middle, lo + hi - 1)
        var left = 0, right = hi - 1
        while left < right {
            left += 1
            while try compare(items[lo + left], pivot) < 0 { left += 1 }
            right -= 1
            while try compare(pivot, items[lo + right]) < 0 { right -= 1 }
            if left >= right { break }
            items.swapAt(lo + left, lo + right)
        }
        if left != hi - 1 { items.swapAt(lo + left, lo + hi - 1) }
        return left
    }

    private static func insertionSort<T>(_ items: inout [T], _ lo: Int, _ size: Int, _ compare: (T, T) throws -> Int) rethrows {
        for i in 0..<(size - 1) {
            let t = items[lo + i + 1]
            var j = i
            while j >= 0, try compare(t, items[lo + j]) < 0 {
                items[lo + j + 1] = items[lo + j]
                j -= 1
            }
            items[lo + j + 1] = t
        }
    }

    private static func heapSort<T>(_ items: inout [T], _ lo: Int, _ n: Int, _ compare: (T, T) throws -> Int) rethrows {
        var i = n >> 1
        while i >= 1 {
            try downHeap(&items, lo, i, n, compare)
            i -= 1
        }
        var k = n
        while k > 1 {
            items.swapAt(lo, lo + k - 1)
            try downHeap(&items, lo, 1, k - 1, compare)
            k -= 1
        }
    }

    private static func downHeap<T>(_ items: inout [T], _ lo: Int, _ start: Int, _ n: Int,
                                    _ compare: (T, T) throws -> Int) rethrows {
        var i = start
        let d = items[lo + i - 1]
        while i <= n >> 1 {
            var child = 2 * i
            if child < n, try compare(items[lo + child - 1], items[lo + child]) < 0 { child += 1 }
            if !(try compare(d, items[lo + child - 1]) < 0) { break }
            items[lo + i - 1] = items[lo + child - 1]
            i = child
        }
        items[lo + i - 1] = d
    }
}
