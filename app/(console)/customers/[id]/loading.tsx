import { LoadingPage } from "@/components/ui/loading-page";

export default function Loading() {
  return <LoadingPage title="Customer" />;
}
