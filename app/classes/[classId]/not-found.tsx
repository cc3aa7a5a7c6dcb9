import { ClassNotFoundNotice } from "@/components/classes/ClassNotFoundNotice";

export default function ClassNotFound() {
  return (
    <main id="main" className="mx-auto w-full max-w-3xl px-4 py-8 sm:px-6">
      <ClassNotFoundNotice />
    </main>
  );
}
