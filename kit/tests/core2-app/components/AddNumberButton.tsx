"use client";

import { useMutation } from "convex/react";
import { api } from "../convex/_generated/api";

export default function AddNumberButton() {
  const addNumber = useMutation(api.myFunctions.addNumber);
  return (
    <button
      type="button"
      onClick={() => void addNumber({ value: Math.floor(Math.random() * 100) })}
    >
      Add a random number
    </button>
  );
}
