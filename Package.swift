// swift-tools-version: 6.0
import PackageDescription

// Layers (an arrow is "may import"):
//   VishSyntax        -> (nothing of ours)
//   VishRuntime       -> VishSyntax
//   CowStore          -> (nothing of ours)
//   VSphereSim        -> CowStore
//   PowerCLI          -> VishRuntime, VSphereSim
//   vish (executable) -> everything, plus CEditLine (libedit)
let package = Package(
    name: "Vish",
    products: [
        .executable(name: "vish", targets: ["vish"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .target(name: "VishSyntax"),
        .target(name: "VishRuntime", dependencies: ["VishSyntax"]),
        .target(name: "CowStore"),
        .target(name: "VSphereSim", dependencies: ["CowStore"]),
        .target(name: "PowerCLI", dependencies: ["VishRuntime", "VSphereSim"]),
        .systemLibrary(
            name: "CEditLine",
            path: "Sources/CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        .executableTarget(
            name: "vish",
            dependencies: [
                "VishSyntax", "VishRuntime", "PowerCLI", "CEditLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "VishSyntaxTests", dependencies: ["VishSyntax"]),
        .testTarget(name: "VishRuntimeTests", dependencies: ["VishRuntime"]),
        .testTarget(name: "CowStoreTests", dependencies: ["CowStore"]),
        .testTarget(name: "VSphereSimTests", dependencies: ["VSphereSim"]),
        .testTarget(name: "PowerCLITests", dependencies: ["PowerCLI"]),
        .testTarget(name: "VishCLITests", dependencies: ["vish", "VishSyntax"]),
    ]
)
