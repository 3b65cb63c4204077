import { useRunTempDir } from "./temp-dir";

export default function globalSetup(): void {
  useRunTempDir();
}
