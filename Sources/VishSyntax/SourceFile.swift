/// A script's text as UTF-8 bytes, with the line table diagnostics need.
///
/// Ranges everywhere are byte offsets into `bytes`; lines and columns are computed only
/// when something is printed, as swift-syntax does with its location converter.
public final class SourceFile: Sendable {
    public let name: String
    public let text: String
    public let bytes: [UInt8]
    /// Byte offset of the first byte of each line (line 1 is at index 0).
    public let lineStarts: [Int]

    public init(name: String, text: String) {
        self.name = name
        self.text = text
        let bytes = Array(text.utf8)
        self.bytes = bytes
        var starts = [0]
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0A {
                starts.append(i + 1)
            } else if b == 0x0D {
                if i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 1 }
                starts.append(i + 1)
            }
            i += 1
        }
        self.lineStarts = starts
    }

    /// Decodes a script file's bytes as pwsh does: by its byte-order mark (UTF-8,
    /// UTF-16 LE/BE, UTF-32 LE/BE), and as UTF-8 when it has none.
    public static func decode(_ bytes: [UInt8]) -> String {
        func units16(_ body: ArraySlice<UInt8>, bigEndian: Bool) -> [UInt16] {
            stride(from: body.startIndex, to: body.endIndex - 1, by: 2).map { i -> UInt16 in
                let hi = bigEndian ? body[i] : body[i + 1], lo = bigEndian ? body[i + 1] : body[i]
                return UInt16(hi) << 8 | UInt16(lo)
            }
        }
        func scalars32(_ body: ArraySlice<UInt8>, bigEndian: Bool) -> String {
            var out = String.UnicodeScalarView()
            for i in stride(from: body.startIndex, to: body.endIndex - 3, by: 4) {
                let b0 = UInt32(body[i]), b1 = UInt32(body[i + 1]), b2 = UInt32(body[i + 2]), b3 = UInt32(body[i + 3])
                let v: UInt32 = bigEndian ? (b0 << 24 | b1 << 16 | b2 << 8 | b3) : (b3 << 24 | b2 << 16 | b1 << 8 | b0)
                out.append(Unicode.Scalar(v) ?? "\u{FFFD}")
            }
            return String(out)
        }
        if bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return scalars32(bytes[4...], bigEndian: false) }
        if bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return scalars32(bytes[4...], bigEndian: true) }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return String(decoding: bytes[3...], as: UTF8.self) }
        if bytes.starts(with: [0xFF, 0xFE]) { return String(decoding: units16(bytes[2...], bigEndian: false), as: UTF16.self) }
        if bytes.starts(with: [0xFE, 0xFF]) { return String(decoding: units16(bytes[2...], bigEndian: true), as: UTF16.self) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Lines of text (a final line terminator does not start another line).
    public var lineCount: Int {
        lineStarts.count - (lineStarts.count > 1 && lineStarts.last == bytes.count ? 1 : 0)
    }

    /// 1-based line and column of a byte offset. Columns count Unicode scalars, so a
    /// non-ASCII character is one column, as PowerShell counts them.
    public func location(of offset: Int) -> SourceLocation {
        let clamped = max(0, min(offset, bytes.count))
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= clamped { lo = mid } else { hi = mid - 1 }
        }
        var column = 1
        var i = lineStarts[lo]
        while i < clamped {
            // Count only scalar-leading bytes (not 10xxxxxx continuation bytes).
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return SourceLocation(line: lo + 1, column: column, offset: clamped)
    }

    /// The text of a line (1-based) without its line terminator.
    public func lineText(_ line: Int) -> String {
        guard line >= 1 && line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : bytes.count
        while end > start && (bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D) { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The source text covered by a range.
    public func text(of range: SourceRange) -> String {
        let s = max(0, min(range.start, bytes.count))
        let e = max(s, min(range.end, bytes.count))
        return String(decoding: bytes[s..<e], as: UTF8.self)
    }
}

/// A half-open byte range `[start, end)` in a `SourceFile`.
public struct SourceRange: Hashable, Sendable {
    public var start: Int
    public var end: Int

    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    public static func point(_ offset: Int) -> SourceRange { SourceRange(offset, offset) }

    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(min(start, other.start), max(end, other.end))
    }

    public var isEmpty: Bool { start == end }
}

/// A printable position: 1-based line and column.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var offset: Int

    public var description: String { "\(line):\(column)" }
}
