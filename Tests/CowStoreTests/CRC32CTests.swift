import Testing
@testable import CowStore

/// CRC-32C against the check values of RFC 3720 (iSCSI) appendix B.4 and the catalogue's
/// "123456789" check, and in pieces against in one go.
@Suite struct CRC32CTests {
    @Test(arguments: [
        ([UInt8](), UInt32(0)),
        (Array("123456789".utf8), UInt32(0xE306_9283)),
        ([UInt8](repeating: 0, count: 32), UInt32(0x8A91_36AA)),
        ([UInt8](repeating: 0xFF, count: 32), UInt32(0x62A8_AB43)),
        ((0..<32).map { UInt8($0) }, UInt32(0x46DD_794E)),
        ((0..<32).map { UInt8(31 - $0) }, UInt32(0x113F_DB5C)),
    ])
    func knownValues(_ bytes: [UInt8], _ expected: UInt32) {
        #expect(CRC32C.checksum(bytes) == expected)
    }

    @Test func piecesMatchTheWhole() {
        var x: UInt32 = 12345
        let data = (0..<1000).map { _ -> UInt8 in
            x = x &* 1_103_515_245 &+ 12345
            return UInt8(truncatingIfNeeded: x >> 16)
        }
        for cut in [0, 1, 7, 8, 9, 500, 999, 1000] {
            var c = CRC32C()
            c.update(data[..<cut])
            c.update(data[cut...])
            #expect(c.value == CRC32C.checksum(data))
        }
    }

    @Test func everyBitFlipIsSeen() {
        let data = Array("a grain table page".utf8)
        let good = CRC32C.checksum(data)
        for i in data.indices {
            for bit in 0..<8 {
                var bad = data
                bad[i] ^= UInt8(1 << bit)
                #expect(CRC32C.checksum(bad) != good)
            }
        }
    }
}
