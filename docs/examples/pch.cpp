// Compiles the precompiled header (pch.hpp) that every example reuses.
